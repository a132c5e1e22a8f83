import { CUSTOMER_ID_PATTERN, customerIdOf, customerStream } from './stream-names';

describe('stream names', () => {
  it('puts a customer in the customer category, whatever its id holds', () => {
    expect(customerStream('c-42')).toBe('customer-c-42');
    expect(customerIdOf(customerStream('c-42'))).toBe('c-42');
  });

  it('finds no customer in other streams', () => {
    expect(customerIdOf('lifecycle-c-42')).toBeUndefined();
    expect(customerIdOf('customer-')).toBeUndefined();
  });

  it.each(['', '$all', '-x', 'a b', 'a/b', 'x'.repeat(129)])('rejects the unsafe customer id %j', (id) => {
    expect(CUSTOMER_ID_PATTERN.test(id)).toBe(false);
  });

  it.each(['c1', 'user_42', 'a.b@example.com', 'x'.repeat(128)])('accepts the customer id %j', (id) => {
    expect(CUSTOMER_ID_PATTERN.test(id)).toBe(true);
  });
});
