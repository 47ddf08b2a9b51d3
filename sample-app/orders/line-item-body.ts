import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max } from 'class-validator';
import { validateModel, ValidationFailureError } from '../../src';
import { QuantityMustBePositiveError } from './order.errors';

/** The largest quantity a line can store (OrderCloud's Quantity is an int32). */
const MAX_QUANTITY = 2_147_483_647;

/**
 * The LineItem fields a shopper writes. The rest is ignored, as OrderCloud ignores read-only fields:
 * UnitPrice, in particular, always comes from the product's price.
 */
export class LineItemBody {
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/, { message: 'must be 1 to 100 letters, digits, - or _' })
  ID?: string;

  @IsOptional()
  @IsString({ message: 'must be a string' })
  @IsNotEmpty({ message: 'must not be empty' })
  ProductID?: string;

  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Max(MAX_QUANTITY, { message: `must be at most ${MAX_QUANTITY}` })
  Quantity?: number;
}

/** Reads a LineItem request body: a whole line (POST, PUT), or only the fields to change (`partial`, PATCH). */
export function readLineItemBody(body: unknown, { partial = false } = {}): LineItemBody {
  const { value, problems } = validateModel(LineItemBody, body);
  if (!value) throw new ValidationFailureError(problems);
  // IsOptional lets null through: a whole line given a null ProductID has none.
  if (!partial && value.ProductID == null) {
    throw new ValidationFailureError({ property: 'ProductID', message: 'ProductID is required.' });
  }
  if (value.Quantity !== undefined && value.Quantity < 1) throw new QuantityMustBePositiveError(value.Quantity);
  return value;
}
