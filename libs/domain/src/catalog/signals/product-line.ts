import { Identifier, MinorUnits, Text, WholeNumber } from '../schema/field.decorators';

/** One product in a cart, checkout or order (Segment's `products[]` entry). */
export class ProductLine {
  @Identifier({ description: 'The product database id.' })
  product_id!: string;

  @Text({ optional: true, maxLength: 256, description: 'Stock keeping unit.' })
  sku?: string;

  @Text({ optional: true, maxLength: 256 })
  name?: string;

  @MinorUnits({ optional: true, description: 'Unit price in minor units of the currency.' })
  price?: number;

  @WholeNumber({ optional: true, min: 1, max: 10_000, description: 'Quantity; 1 when absent.' })
  quantity?: number;
}
