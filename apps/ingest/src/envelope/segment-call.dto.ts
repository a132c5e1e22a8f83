import { CUSTOMER_ID_PATTERN } from '@heed/event-store';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
  Validate,
} from 'class-validator';
import { parseIsoTime } from './event-time';

@ValidatorConstraint({ name: 'isoDateTime' })
class IsoDateTime implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseIsoTime(value) !== undefined;
  }
  defaultMessage(_args: ValidationArguments): string {
    return `expected an ISO-8601 date-time with an offset, such as 2026-03-01T12:00:00.000Z`;
  }
}

const ID_MESSAGE = 'expected 1 to 128 characters of A-Z a-z 0-9 . _ : @ + -, starting with a letter or digit';

/** What every Segment call carries. */
export class SegmentCall {
  @ApiPropertyOptional({
    description:
      'Unique id of the message, set by the SDK: the key of deduplication. When absent, ingest generates one ' +
      '(`ingest-<uuid>`, returned in the answer), as the Segment API does; such a call cannot be deduplicated.',
    maxLength: 100,
  })
  @IsOptional()
  @IsString({ message: 'expected a string' })
  @Length(1, 100, { message: 'expected 1 to 100 characters' })
  messageId?: string;

  @ApiPropertyOptional({ description: 'The customer id (required unless anonymousId is given).', maxLength: 128 })
  @ValidateIf((call: SegmentCall) => call.userId !== undefined || call.anonymousId === undefined)
  @IsString({ message: 'expected a string (userId or anonymousId is required)' })
  @Matches(CUSTOMER_ID_PATTERN, { message: ID_MESSAGE })
  userId?: string;

  @ApiPropertyOptional({ description: 'A device or browser id, before the customer is known.', maxLength: 128 })
  @IsOptional()
  @IsString({ message: 'expected a string' })
  @Matches(CUSTOMER_ID_PATTERN, { message: ID_MESSAGE })
  anonymousId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When it happened, on the producer clock.' })
  @IsOptional()
  @Validate(IsoDateTime)
  timestamp?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'RudderStack spelling of timestamp.' })
  @IsOptional()
  @Validate(IsoDateTime)
  originalTimestamp?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the SDK sent it, on the same clock.' })
  @IsOptional()
  @Validate(IsoDateTime)
  sentAt?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject({ message: 'expected an object' })
  context?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Accepted and ignored.' })
  @IsOptional()
  @IsObject({ message: 'expected an object' })
  integrations?: Record<string, unknown>;
}

/** `POST /v1/track`: something the customer did. */
export class TrackCall extends SegmentCall {
  @ApiProperty({ description: 'Segment event name from the catalog, e.g. "Signed In".', maxLength: 200 })
  @IsString({ message: 'expected a string' })
  @Length(1, 200, { message: 'expected 1 to 200 characters' })
  @Matches(/^[^$]/, { message: 'expected a name not starting with "$" (reserved by EventStoreDB)' })
  event!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject({ message: 'expected an object' })
  properties?: Record<string, unknown>;
}

/** `POST /v1/identify`: who the customer is. */
export class IdentifyCall extends SegmentCall {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject({ message: 'expected an object' })
  traits?: Record<string, unknown>;
}

/** `POST /v1/page`: a page view, stored as the catalog's `Page Viewed` signal. */
export class PageCall extends SegmentCall {
  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString({ message: 'expected a string' })
  @Length(1, 256, { message: 'expected 1 to 256 characters' })
  name?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'url and path are required.' })
  @IsOptional()
  @IsObject({ message: 'expected an object' })
  properties?: Record<string, unknown>;
}

/** `POST /v1/screen`: a screen of a mobile app, stored as the catalog's `Screen Viewed` signal. */
export class ScreenCall extends SegmentCall {
  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString({ message: 'expected a string' })
  @Length(1, 256, { message: 'expected 1 to 256 characters' })
  name?: string;

  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString({ message: 'expected a string' })
  @Length(1, 256, { message: 'expected 1 to 256 characters' })
  category?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject({ message: 'expected an object' })
  properties?: Record<string, unknown>;
}

/** `POST /v1/group`: the customer belongs to a group (account), stored as the catalog's `Group Identified`. */
export class GroupCall extends SegmentCall {
  @ApiProperty({ description: 'The group: an account, company or organisation.', maxLength: 256 })
  @IsString({ message: 'expected a string' })
  @Length(1, 256, { message: 'expected 1 to 256 characters' })
  groupId!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'What is known of the group.' })
  @IsOptional()
  @IsObject({ message: 'expected an object' })
  traits?: Record<string, unknown>;
}

/**
 * `POST /v1/alias`: `previousId`, an id the customer was known by (a device's anonymous id), is the
 * customer `userId` (required). Links the two as an identify with both ids does (docs/identity.md).
 */
export class AliasCall extends SegmentCall {
  @ApiProperty({ description: 'The earlier id, such as the anonymousId of a device.', maxLength: 128 })
  @IsString({ message: 'expected a string' })
  @Matches(CUSTOMER_ID_PATTERN, { message: ID_MESSAGE })
  previousId!: string;
}

/** Every call type of Segment's tracking API. */
export const CALL_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;

/** One item of a `/v1/batch` request. */
export class BatchItem {
  @ApiProperty({ enum: CALL_TYPES })
  type!: (typeof CALL_TYPES)[number];
}

/** `POST /v1/batch`: several calls in one request. */
export class BatchCall {
  @ApiProperty({ type: 'array', items: { type: 'object' }, maxItems: 2500 })
  batch!: unknown[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Merged into each item.' })
  context?: Record<string, unknown>;
}
