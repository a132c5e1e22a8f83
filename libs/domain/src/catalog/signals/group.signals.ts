import { Identifier, Traits } from '../schema/field.decorators';
import { singleVersionSignal, type Signal, type SignalDefinition } from '../signal-definition';

/** A Segment `group` call's properties, v1: the group the customer belongs to, and its traits. */
export class GroupIdentifiedV1 {
  @Identifier({ description: 'The account, company or organisation (Segment `groupId`).' })
  group_id!: string;

  @Traits({ optional: true, description: 'What the producer says about the group (`name`, `plan`, `employees`, …).' })
  traits?: Readonly<Record<string, unknown>>;
}

export type GroupIdentified = Signal<'GroupIdentified', GroupIdentifiedV1>;

export const groupSignals: readonly SignalDefinition[] = [
  singleVersionSignal(
    'group',
    'GroupIdentified',
    'Group Identified',
    'The customer belongs to a group (B2B account, company) with these traits (a Segment `group` call). ' +
      'The lifecycle keeps each group’s latest plain traits on the customer (`context.groups`).',
    GroupIdentifiedV1,
  ),
];
