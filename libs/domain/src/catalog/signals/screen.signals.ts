import { Text } from '../schema/field.decorators';
import { singleVersionSignal, type Signal, type SignalDefinition } from '../signal-definition';

/** A Segment `screen` call's properties, v1: the screen's `name` and `category` from the call. */
export class ScreenViewedV1 {
  @Text({ optional: true, maxLength: 256, description: 'Name of the screen (`Home`, `Settings`).' })
  name?: string;

  @Text({ optional: true, maxLength: 256 })
  category?: string;
}

export type ScreenViewed = Signal<'ScreenViewed', ScreenViewedV1>;

export const screenSignals: readonly SignalDefinition[] = [
  singleVersionSignal(
    'screen',
    'ScreenViewed',
    'Screen Viewed',
    'The customer viewed a screen of a mobile app (a Segment `screen` call). Counts as activity.',
    ScreenViewedV1,
  ),
];
