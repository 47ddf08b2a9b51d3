import { SHOP_CURRENCY } from '../config/shop-locale';
import { toAmount } from './money';
import type { ProductEntity } from './product.entity';

/** OrderCloud's BuyerProduct: a product as a shopper sees it, with its price. */
export interface BuyerProduct {
  ID: string;
  Name: string;
  Description: string | null;
  Active: boolean;
  PriceSchedule: {
    Currency: string;
    /** One price break: the sample shop's prices do not depend on the quantity. */
    PriceBreaks: Array<{ Quantity: number; Price: number }>;
  };
}

export function toBuyerProduct(product: ProductEntity): BuyerProduct {
  return {
    ID: product.id,
    Name: product.name,
    Description: product.description,
    Active: product.active,
    PriceSchedule: { Currency: SHOP_CURRENCY, PriceBreaks: [{ Quantity: 1, Price: toAmount(product.priceCents) }] },
  };
}
