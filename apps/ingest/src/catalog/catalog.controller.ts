import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { catalogJsonSchema } from '@heed/domain';

/** The event catalog producers validate against, as JSON Schema (no write key needed: it is no secret). */
@ApiTags('catalog')
@Controller('v1/catalog')
export class CatalogController {
  private readonly schema = catalogJsonSchema();

  @Get()
  @ApiOperation({ summary: 'The event catalog as JSON Schema: event names, properties, versions.' })
  catalog(): unknown {
    return this.schema;
  }
}
