import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { findListPage, ListDefinition, ListPage, NotFoundError } from '../../src';
import { BuyerProduct, toBuyerProduct } from './buyer-product.model';
import { ProductEntity } from './product.entity';

/** What `GET /me/products` lets a shopper filter, search and sort on, with OrderCloud's list syntax. */
const BUYER_PRODUCT_LIST: ListDefinition = {
  fields: {
    ID: { property: 'id', type: 'string', searchable: true, sortable: true },
    Name: { property: 'name', type: 'string', searchable: true, sortable: true },
    Description: { property: 'description', type: 'string', searchable: true },
  },
};

/** The products shoppers can see and buy: the active ones. */
@Injectable()
export class CatalogService {
  constructor(@InjectRepository(ProductEntity) private readonly products: Repository<ProductEntity>) {}

  listBuyerProducts(query: Record<string, unknown>): Promise<ListPage<BuyerProduct>> {
    const builder = this.products.createQueryBuilder('product').where('product.active = :active', { active: true });
    return findListPage(builder, query, BUYER_PRODUCT_LIST, toBuyerProduct);
  }

  /** A product a shopper may put in an order; 404 NotFound for an unknown or inactive one. */
  async findForSale(productId: string): Promise<ProductEntity> {
    const product = await this.products.findOneBy({ id: productId, active: true });
    if (!product) throw new NotFoundError('Product', productId);
    return product;
  }
}
