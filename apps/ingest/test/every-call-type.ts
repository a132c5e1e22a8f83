/**
 * What a customer's stream holds after the journey the SDK specs send, in type order: an anonymous
 * `Signed Up` (copied over when the device's id is linked), then one call of each type once known
 * (identify, `Signed In`, page, screen, group, alias).
 */
export const STORED_BY_EVERY_CALL_TYPE = [
  'CustomerAliased',
  'CustomerIdentified',
  'GroupIdentified',
  'PageViewed',
  'ScreenViewed',
  'SignedIn',
  'SignedUp',
];
