import type { CustomerSignal } from '../catalog/signal-catalog';
import { day, featureUsed, session, signedUp, viewedPage } from './signal-builders';

/**
 * A customer who turns at risk on day 11: signed up and used the core feature on day 0, had short
 * sessions on days 8 to 10, then looked at the cancellation section of the pricing page.
 */
export function turningAtRisk(): CustomerSignal[] {
  return [
    signedUp(day(0)),
    featureUsed('reports', day(0, '09:05'), true),
    ...session(day(8), 60),
    ...session(day(9), 45),
    ...session(day(10), 90),
    viewedPage('https://app.example.com/pricing#cancel', day(11, '10:00')),
  ];
}
