import { CurrencyCode, Identifier, ListOf, MinorUnits, Text, WholeNumber } from '../schema/field.decorators';
import { trackSignal, type Signal, type SignalDefinition } from '../signal-definition';
import { ProductLine } from './product-line';

/** `Product Viewed` (Segment e-commerce) v1. */
export class ProductViewedV1 {
  @Identifier({ lenient: true })
  product_id?: string;

  @Text({ optional: true, maxLength: 256 })
  sku?: string;

  @Text({ optional: true, maxLength: 256 })
  name?: string;

  @Text({ optional: true, maxLength: 256 })
  category?: string;

  @MinorUnits({ optional: true })
  price?: number;

  @CurrencyCode({ optional: true })
  currency?: string;
}

/** `Product Added` (Segment e-commerce) v1: a cart update. */
export class ProductAddedV1 {
  @Identifier()
  cart_id!: string;

  @Identifier()
  product_id!: string;

  @Text({ optional: true, maxLength: 256 })
  sku?: string;

  @Text({ optional: true, maxLength: 256 })
  name?: string;

  @MinorUnits({ optional: true })
  price?: number;

  @WholeNumber({ optional: true, min: 1, max: 10_000, description: 'Quantity added; 1 when absent.' })
  quantity?: number;

  @CurrencyCode({ optional: true })
  currency?: string;
}

/** `Product Removed` (Segment e-commerce) v1: a cart update. */
export class ProductRemovedV1 {
  @Identifier()
  cart_id!: string;

  @Identifier()
  product_id!: string;

  @WholeNumber({ optional: true, min: 1, max: 10_000, description: 'Quantity removed; all of it when absent.' })
  quantity?: number;
}

/** `Cart Viewed` (Segment e-commerce) v1. */
export class CartViewedV1 {
  @Identifier()
  cart_id!: string;

  @ListOf(() => ProductLine, { optional: true, maxItems: 100 })
  products?: readonly ProductLine[];
}

/** `Checkout Started` (Segment e-commerce) v1. */
export class CheckoutStartedV1 {
  @Identifier({ optional: true })
  order_id?: string;

  @Identifier({ optional: true, description: 'Heed addition: the cart being checked out.' })
  cart_id?: string;

  @MinorUnits({ optional: true, description: 'Revenue with discounts and coupons, minor units.' })
  value?: number;

  @CurrencyCode({ optional: true })
  currency?: string;

  @ListOf(() => ProductLine, { optional: true, maxItems: 100 })
  products?: readonly ProductLine[];
}

/** `Order Completed` (Segment e-commerce) v1: a purchase. */
export class OrderCompletedV1 {
  @Identifier()
  order_id!: string;

  @Identifier({ optional: true })
  checkout_id?: string;

  @MinorUnits({ lenient: true, description: 'Total paid, in minor units of `currency`.' })
  total?: number;

  @CurrencyCode({ lenient: true })
  currency?: string;

  @ListOf(() => ProductLine, { lenient: true, maxItems: 100 })
  products?: readonly ProductLine[];
}

export type ProductViewed = Signal<'ProductViewed', ProductViewedV1>;
export type ProductAdded = Signal<'ProductAdded', ProductAddedV1>;
export type ProductRemoved = Signal<'ProductRemoved', ProductRemovedV1>;
export type CartViewed = Signal<'CartViewed', CartViewedV1>;
export type CheckoutStarted = Signal<'CheckoutStarted', CheckoutStartedV1>;
export type OrderCompleted = Signal<'OrderCompleted', OrderCompletedV1>;

export const commerceSignals: readonly SignalDefinition[] = [
  trackSignal(
    'ProductViewed',
    'Product Viewed',
    'The customer looked at a product. Does not touch the cart.',
    ProductViewedV1,
  ),
  trackSignal(
    'ProductAdded',
    'Product Added',
    'The customer put a product in a cart. Starts (or restarts) the cart-abandonment delay.',
    ProductAddedV1,
  ),
  trackSignal(
    'ProductRemoved',
    'Product Removed',
    'The customer took a product out of a cart. An emptied cart is no longer abandoned.',
    ProductRemovedV1,
  ),
  trackSignal(
    'CartViewed',
    'Cart Viewed',
    'The customer looked at the cart. Does not restart the delay.',
    CartViewedV1,
  ),
  trackSignal(
    'CheckoutStarted',
    'Checkout Started',
    'The customer started checking out; the cart is no longer abandoned.',
    CheckoutStartedV1,
  ),
  trackSignal(
    'OrderCompleted',
    'Order Completed',
    'The customer paid. Amounts are integer minor units. Empties the cart and counts as re-engagement.',
    OrderCompletedV1,
  ),
];
