import { and, assign, emit, not, setup, stateIn } from 'xstate';
import type { CommandEvent } from '../catalog/commands/command-events';
import type { CustomerSignal, CustomerSignalType } from '../catalog/signal-catalog';
import { customerSignalTypes } from '../catalog/signal-catalog';
import { initialCustomerContext } from '../features/customer-context';
import type { CustomerContext, EngagementFeatures } from '../features/customer-context';
import { assess, recordSignal } from '../features/record-signal';
import {
  evidenceOnDay,
  evidenceSum,
  nextSilenceCheck,
  onBreak,
  silenceCounts,
  withoutEvidence,
} from '../features/engagement-evidence';
import { churnPoints, churnScore } from '../scoring/churn-score';
import { DAY, dayOf, latest, millisUntil, plus, toInstant, toMillis, wholeDaysBetween } from '../time/instant';
import { defaultLifecycleConfig } from './lifecycle-config';
import type { LifecycleConfig } from './lifecycle-config';
import {
  cardFreeze,
  cardUnfreeze,
  cartRecoveryEmail,
  flagAccountForSuccessTeam,
  fraudVerificationSms,
  reEngagementEmail,
  renewalReminder,
  retentionIncentive,
  returningCustomerNotification,
} from './lifecycle-commands';
import { assignKeepsStateValue } from './assign-keeps-state-value';
import { computeInputlessStartOnce } from './inputless-start';
import { resolveStateInOnce } from './state-in-resolved-once';
import { indexTransitionsByEventType } from './transitions-by-event-type';
import { MissingLifecycleInputError } from './missing-lifecycle-input';

/**
 * Version of the machine's shape and context. Bump it when a persisted snapshot of the previous
 * version would not resolve or would mean something else: the runtime then replays from the stream.
 */
export const lifecycleMachineVersion = '17';

/** The machine's input: the customer the stream belongs to (the runtime knows it from the stream name). */
export type LifecycleInput = Readonly<{ customerId: string }>;

/**
 * Builds the customer lifecycle statechart with the given configuration (defaults filled in).
 *
 * Parallel regions: `facts` (keeps the features up to date; always first, so actions see the
 * signal's facts while guards judge the signal against what was known before it), `engagement`
 * (active → at-risk → churning → cancelled, and back), `fraud` (clear / suspicious / disputed),
 * `cart` (empty / open / abandoned / checkingOut) and `renewal` (none / expiring / reminded / lapsed).
 * Side effects are `emit`ted command events only; time is the signals' `occurredAt`.
 */
export function createLifecycleMachine(overrides: Partial<LifecycleConfig> = {}) {
  return computeInputlessStartOnce(
    indexTransitionsByEventType(resolveStateInOnce(assignKeepsStateValue(defineLifecycleMachine(overrides)))),
  );
}

/**
 * The lifecycle statechart exactly as XState runs it, without the runtime savings of
 * `createLifecycleMachine` (which makes the same decisions): the reference its specs fold against.
 * Not part of the library's surface.
 */
export function defineLifecycleMachine(overrides: Partial<LifecycleConfig> = {}) {
  const config: LifecycleConfig = { ...defaultLifecycleConfig, ...overrides };
  const churnOf = (context: CustomerContext) => churnScore(context.engagement, context.now, config);
  const advanceTo = (context: CustomerContext, dueAt: string | null) =>
    dueAt === null ? context.now : latest(context.now, dueAt);
  /**
   * The day a watched customer's evidence is next closed up to (the days before it closed), or null
   * if they are not worth watching: the next day for one with some evidence, or whose silence would
   * count (it follows a decline), while their silence is not a break; else the first day their
   * silence could turn long (version 11).
   */
  const watchedUntil = ({ evidence, lastActivityAt }: EngagementFeatures): number | null => {
    if (evidence === null || !Number.isFinite(config.watchFromEvidence)) return null;
    return !onBreak(evidence, config) &&
      (evidenceSum(evidence) >= config.watchFromEvidence || silenceCounts(evidence, config))
      ? evidence.day! + 1
      : nextSilenceCheck(evidence, config, lastActivityAt);
  };

  const recordEverySignal = Object.fromEntries(
    customerSignalTypes.map((type) => [type, { actions: 'record' as const }]),
  ) as Record<CustomerSignalType, { actions: 'record' }>;

  const machine = setup({
    // XState's documented way to declare types: the value is never read, only its type.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    types: {} as {
      context: CustomerContext;
      events: CustomerSignal;
      input: LifecycleInput;
      emitted: CommandEvent;
    },
    guards: {
      // Asked after every signal in `active`: the number alone, without the reasons.
      churnRisky: ({ context }) => churnPoints(context.engagement, context.now, config) >= config.atRiskScore,
      renewalLapsed: stateIn('#renewal-lapsed'),
      // An active customer whose days are worth closing (`watchedUntil`).
      worthWatching: and([stateIn('#engagement-active'), ({ context }) => watchedUntil(context.engagement) !== null]),
      // A watched customer whose days are now worth closing sooner than their timer would.
      watchedSooner: ({ context }) => {
        const until = watchedUntil(context.engagement);
        const due = context.risk.dayEndDueAt;
        return until !== null && due !== null && until * DAY < toMillis(due);
      },
      returnsAfterInactivity: ({ context, event }) =>
        event.type === 'SignedIn' &&
        context.engagement.lastActivityAt !== null &&
        wholeDaysBetween(context.engagement.lastActivityAt, event.occurredAt) >= config.returningAfterInactiveDays,
      usesCoreFeature: ({ event }) => event.type === 'FeatureUsed' && event.properties.is_core,
      suspiciousTransaction: ({ context, event }) =>
        event.type === 'CardTransactionAuthorized' && assess(context, event, config).score >= config.suspiciousScore,
      answersOpenCase: ({ context, event }) =>
        (event.type === 'CardTransactionConfirmed' || event.type === 'CardTransactionDisputed') &&
        event.properties.transaction_id === context.fraud.transactionId,
      startsNewCart: ({ context, event }) =>
        event.type === 'ProductAdded' && event.properties.cart_id !== context.cart.cartId,
      cartIsEmpty: ({ context }) => context.cart.items.length === 0,
    },
    delays: {
      cartRecovery: ({ context }) => millisUntil(context.now, context.cart.recoveryDueAt),
      reEngagementEmail: ({ context }) => millisUntil(context.now, context.risk.reEngagementDueAt),
      prolongedRisk: ({ context }) => millisUntil(context.now, context.risk.prolongedRiskDueAt),
      renewalReminder: ({ context }) => millisUntil(context.now, context.subscription.reminderDueAt),
      renewalLapse: ({ context }) => millisUntil(context.now, context.subscription.lapseDueAt),
      dayEnd: ({ context }) => millisUntil(context.now, context.risk.dayEndDueAt),
    },
    actions: {
      record: assign(({ context, event }) => recordSignal(context, event, config)),
      notifyReturn: emit(({ context, event }) => returningCustomerNotification(context, event.occurredAt)),
      flagAtRisk: emit(({ context }) => flagAccountForSuccessTeam(context, churnOf(context))),
      markAtRisk: assign({
        risk: ({ context }) => ({
          ...context.risk,
          since: context.now,
          reEngagementDueAt: context.now === null ? null : plus(context.now, config.reEngagementEmailDelayMs),
          prolongedRiskDueAt: null,
        }),
      }),
      forgetIntent: assign({
        // Re-engagement is a fresh start: intent signals and the evidence of disengagement seen
        // before it no longer count; what is usual for the customer is kept.
        engagement: ({ context }) => ({
          ...context.engagement,
          evidence: context.engagement.evidence === null ? null : withoutEvidence(context.engagement.evidence),
          pricingVisits: [],
          cancellationVisits: [],
        }),
        risk: ({ context }) => ({ ...context.risk, since: null, reEngagementDueAt: null, prolongedRiskDueAt: null }),
      }),
      sendReEngagementEmail: emit(({ context }) => reEngagementEmail(context, churnOf(context))),
      reachReEngagementDue: assign(({ context }) => ({
        now: advanceTo(context, context.risk.reEngagementDueAt),
        risk: {
          ...context.risk,
          prolongedRiskDueAt: plus(
            advanceTo(context, context.risk.reEngagementDueAt) ?? '',
            config.prolongedRiskDelayMs,
          ),
        },
      })),
      armDayEnd: assign({
        risk: ({ context }) => ({
          ...context.risk,
          dayEndDueAt: toInstant((watchedUntil(context.engagement) ?? 0) * DAY),
        }),
      }),
      // The watched days are over: the day under way and the silent days before the due time's day are closed.
      closeWatchedDay: assign(({ context }) => {
        const dueAt = context.risk.dayEndDueAt;
        const evidence = context.engagement.evidence;
        if (dueAt === null || evidence === null) return {};
        const day = dayOf(dueAt);
        return {
          now: advanceTo(context, dueAt),
          engagement: {
            ...context.engagement,
            evidence: evidenceOnDay(evidence, day, context.engagement.openTickets, config),
          },
        };
      }),
      reachProlongedRiskDue: assign({ now: ({ context }) => advanceTo(context, context.risk.prolongedRiskDueAt) }),
      offerRetentionAfterLapse: emit(({ context }) => retentionIncentive(context, 'renewal-lapsed', churnOf(context))),
      offerRetentionAfterRisk: emit(({ context }) => retentionIncentive(context, 'prolonged-risk', churnOf(context))),
      openFraudCase: assign({
        fraud: ({ context }) => ({
          ...context.fraud,
          cardId: context.fraud.lastAssessment?.cardId ?? null,
          transactionId: context.fraud.lastAssessment?.transactionId ?? null,
        }),
      }),
      freezeCard: emit(({ context, event }) => {
        const tx = event as Extract<CustomerSignal, { type: 'CardTransactionAuthorized' }>;
        return cardFreeze(context, tx, context.fraud.lastAssessment ?? assess(context, tx, config));
      }),
      sendVerificationSms: emit(({ context, event }) => {
        const tx = event as Extract<CustomerSignal, { type: 'CardTransactionAuthorized' }>;
        return fraudVerificationSms(context, tx, context.fraud.lastAssessment ?? assess(context, tx, config));
      }),
      unfreezeCard: emit(({ context, event }) =>
        cardUnfreeze(context, event as Extract<CustomerSignal, { type: 'CardTransactionConfirmed' }>),
      ),
      closeFraudCase: assign({ fraud: ({ context }) => ({ ...context.fraud, cardId: null, transactionId: null }) }),
      armCartRecovery: assign({
        cart: ({ context, event }) => ({
          ...context.cart,
          recoveryDueAt: plus(event.occurredAt, config.cartRecoveryDelayMs),
        }),
      }),
      reachCartRecoveryDue: assign({ now: ({ context }) => advanceTo(context, context.cart.recoveryDueAt) }),
      sendCartRecoveryEmail: emit(({ context }) =>
        cartRecoveryEmail(context, Math.round(config.cartRecoveryDelayMs / 60_000)),
      ),
      armRenewalReminder: assign({
        subscription: ({ event }) => {
          const e = event as Extract<CustomerSignal, { type: 'SubscriptionExpiring' }>;
          const remindAt = plus(e.occurredAt, config.renewalReminderDelayMs);
          return {
            subscriptionId: e.properties.subscription_id,
            expiresAt: e.properties.expires_at,
            // Never remind after the expiry itself.
            reminderDueAt: toMillis(remindAt) < toMillis(e.properties.expires_at) ? remindAt : e.occurredAt,
            lapseDueAt: plus(e.properties.expires_at, config.renewalGraceMs),
          };
        },
      }),
      reachReminderDue: assign({ now: ({ context }) => advanceTo(context, context.subscription.reminderDueAt) }),
      sendRenewalReminder: emit(({ context }) => renewalReminder(context)),
      reachLapseDue: assign({ now: ({ context }) => advanceTo(context, context.subscription.lapseDueAt) }),
    },
  }).createMachine({
    id: 'customer',
    type: 'parallel',
    context: ({ input }) => {
      // `input` is typed as given, but XState's `transition()` starts a throw-away actor without one
      // (see computeInputlessStartOnce).
      if ((input as LifecycleInput | undefined) === undefined) throw new MissingLifecycleInputError();
      return initialCustomerContext(input.customerId);
    },
    states: {
      facts: {
        // Every signal is recorded here. XState takes a parallel state's own transitions only when no
        // region handles the event, so recording is a region of its own; being the first region, its
        // action runs before the others' (their guards still see the context before the signal).
        initial: 'tracking',
        states: {
          tracking: {
            on: {
              ...recordEverySignal,
              SignedIn: [
                { guard: 'returnsAfterInactivity', actions: ['notifyReturn', 'record'] },
                { actions: 'record' },
              ],
            },
          },
        },
      },
      engagement: {
        initial: 'active',
        states: {
          active: {
            id: 'engagement-active',
            always: [
              { guard: 'renewalLapsed', target: 'churning', actions: 'offerRetentionAfterLapse' },
              { guard: 'churnRisky', target: 'at-risk', actions: ['markAtRisk', 'flagAtRisk'] },
            ],
            on: { SubscriptionCancelled: 'cancelled' },
          },
          'at-risk': {
            initial: 'flagged',
            always: { guard: 'renewalLapsed', target: 'churning', actions: 'offerRetentionAfterLapse' },
            on: {
              FeatureUsed: { guard: 'usesCoreFeature', target: 'active', actions: 'forgetIntent' },
              EmailLinkClicked: { target: 'active', actions: 'forgetIntent' },
              OrderCompleted: { target: 'active', actions: 'forgetIntent' },
              SubscriptionRenewed: { target: 'active', actions: 'forgetIntent' },
              RetentionOfferAccepted: { target: 'active', actions: 'forgetIntent' },
              SubscriptionCancelled: 'cancelled',
            },
            states: {
              flagged: {
                after: {
                  reEngagementEmail: { target: 'emailed', actions: ['reachReEngagementDue', 'sendReEngagementEmail'] },
                },
              },
              emailed: {
                after: {
                  prolongedRisk: {
                    target: '#customer.engagement.churning',
                    actions: ['reachProlongedRiskDue', 'offerRetentionAfterRisk'],
                  },
                },
              },
            },
          },
          churning: {
            on: {
              SubscriptionRenewed: { target: 'active', actions: 'forgetIntent' },
              // A lapsed subscription comes back with its renewal: until then the offer is on record only.
              RetentionOfferAccepted: { guard: not('renewalLapsed'), target: 'active', actions: 'forgetIntent' },
              SubscriptionCancelled: 'cancelled',
            },
          },
          cancelled: {
            on: { SubscriptionRenewed: { target: 'active', actions: 'forgetIntent' } },
          },
        },
      },
      watch: {
        // A watched customer's days are closed when they end, so that silence counts as it passes;
        // the evidence is the same as if the next signal had closed them, only known sooner. One
        // with no evidence to watch is still checked on the first day their silence could turn long
        // (version 11, ADR 0089): a timer every four weeks or so, not one set and cancelled with
        // each day of use.
        initial: 'idle',
        states: {
          idle: {
            always: { guard: 'worthWatching', target: 'watching', actions: 'armDayEnd' },
          },
          watching: {
            always: [
              { guard: not('worthWatching'), target: 'idle' },
              // A customer checked for a long silence who is now worth watching day by day.
              { guard: 'watchedSooner', target: 'watching', reenter: true, actions: 'armDayEnd' },
            ],
            // Back to idle, which watches on if the customer is still worth it.
            after: { dayEnd: { target: 'idle', actions: 'closeWatchedDay' } },
          },
        },
      },
      fraud: {
        initial: 'clear',
        states: {
          clear: {
            on: {
              CardTransactionAuthorized: {
                guard: 'suspiciousTransaction',
                target: 'suspicious',
                actions: ['openFraudCase', 'freezeCard', 'sendVerificationSms'],
              },
            },
          },
          suspicious: {
            on: {
              CardTransactionConfirmed: {
                guard: 'answersOpenCase',
                target: 'clear',
                actions: ['unfreezeCard', 'closeFraudCase'],
              },
              CardTransactionDisputed: { guard: 'answersOpenCase', target: 'disputed' },
            },
          },
          disputed: {
            // The card stays frozen; only another suspicious transaction opens a new case.
            on: {
              CardTransactionAuthorized: {
                guard: 'suspiciousTransaction',
                target: 'suspicious',
                actions: ['openFraudCase', 'freezeCard', 'sendVerificationSms'],
              },
            },
          },
        },
      },
      cart: {
        initial: 'empty',
        states: {
          empty: {
            on: { ProductAdded: { target: 'open', actions: 'armCartRecovery' } },
          },
          open: {
            always: { guard: 'cartIsEmpty', target: 'empty' },
            on: {
              // A cart update restarts the delay; views do not.
              ProductAdded: { target: 'open', reenter: true, actions: 'armCartRecovery' },
              ProductRemoved: { target: 'open', reenter: true, actions: 'armCartRecovery' },
              CheckoutStarted: 'checkingOut',
              OrderCompleted: 'empty',
            },
            after: {
              cartRecovery: { target: 'abandoned', actions: ['reachCartRecoveryDue', 'sendCartRecoveryEmail'] },
            },
          },
          abandoned: {
            // One recovery email per cart: only a new cart starts over.
            always: { guard: 'cartIsEmpty', target: 'empty' },
            on: {
              ProductAdded: { guard: 'startsNewCart', target: 'open', actions: 'armCartRecovery' },
              CheckoutStarted: 'checkingOut',
              OrderCompleted: 'empty',
            },
          },
          checkingOut: {
            on: {
              OrderCompleted: 'empty',
              ProductAdded: { target: 'open', actions: 'armCartRecovery' },
              ProductRemoved: { target: 'open', actions: 'armCartRecovery' },
            },
          },
        },
      },
      renewal: {
        initial: 'none',
        states: {
          none: {
            on: { SubscriptionExpiring: { target: 'expiring', actions: 'armRenewalReminder' } },
          },
          expiring: {
            on: {
              SubscriptionExpiring: { target: 'expiring', reenter: true, actions: 'armRenewalReminder' },
              SubscriptionRenewed: 'none',
              SubscriptionCancelled: 'none',
            },
            after: { renewalReminder: { target: 'reminded', actions: ['reachReminderDue', 'sendRenewalReminder'] } },
          },
          reminded: {
            on: {
              SubscriptionExpiring: { target: 'expiring', actions: 'armRenewalReminder' },
              SubscriptionRenewed: 'none',
              SubscriptionCancelled: 'none',
            },
            after: { renewalLapse: { target: 'lapsed', actions: 'reachLapseDue' } },
          },
          lapsed: {
            id: 'renewal-lapsed',
            on: {
              SubscriptionExpiring: { target: 'expiring', actions: 'armRenewalReminder' },
              SubscriptionRenewed: 'none',
              SubscriptionCancelled: 'none',
            },
          },
        },
      },
    },
  });
  return machine;
}

/** The lifecycle machine with the default configuration. */
export const lifecycleMachine = createLifecycleMachine();

/** The type of a lifecycle machine. */
export type LifecycleMachine = ReturnType<typeof createLifecycleMachine>;
