import { Text, Url, UrlPath } from '../schema/field.decorators';
import { singleVersionSignal, type Signal, type SignalDefinition } from '../signal-definition';

/** A Segment `page` call's properties, v1. */
export class PageViewedV1 {
  @Url({ description: 'Full URL, including the fragment (`https://…/pricing#cancel`).' })
  url!: string;

  @UrlPath({ description: 'Path part of the URL (`/pricing`).' })
  path!: string;

  @Text({ optional: true, maxLength: 256, description: 'Name of the page.' })
  name?: string;

  @Text({ optional: true, maxLength: 512 })
  title?: string;

  @Text({ optional: true, maxLength: 2048 })
  referrer?: string;

  @Text({ optional: true, maxLength: 2048, description: 'Query string, with the leading `?`.' })
  search?: string;
}

export type PageViewed = Signal<'PageViewed', PageViewedV1>;

export const pageSignals: readonly SignalDefinition[] = [
  singleVersionSignal(
    'page',
    'PageViewed',
    'Page Viewed',
    'The customer viewed a page (a Segment `page` call). Pricing pages and cancellation sections ' +
      '(configured by path and URL fragment) feed the churn score.',
    PageViewedV1,
  ),
];
