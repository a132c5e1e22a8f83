import { startIngest, type IngestUnderTest } from './ingest-harness';

interface OpenApiDocument {
  components: { securitySchemes: Record<string, Record<string, unknown>> };
  paths: Record<string, Record<string, { security?: Array<Record<string, unknown>> }>>;
}

describe('ingest OpenAPI document', () => {
  let ingest: IngestUnderTest;
  let document: OpenApiDocument;
  beforeAll(async () => {
    ingest = await startIngest();
    document = (await (await fetch(`${ingest.url}/openapi.json`)).json()) as OpenApiDocument;
  });
  afterAll(() => ingest.stop());

  it('describes the write key as Segment sends it: HTTP Basic user name, or a Bearer token, never a JWT', () => {
    expect(document.components.securitySchemes).toEqual({
      writeKeyBasic: expect.objectContaining({ type: 'http', scheme: 'basic' }) as unknown,
      writeKeyBearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) as unknown,
    });
    expect(JSON.stringify(document)).not.toMatch(/JWT/i);
    expect(document.components.securitySchemes['writeKeyBasic']!['description']).toMatch(/user name.*empty password/);
  });

  it('lets each collection endpoint be called with either scheme, each listed once', () => {
    for (const path of ['/v1/track', '/v1/identify', '/v1/page', '/v1/screen', '/v1/group', '/v1/alias', '/v1/batch']) {
      const security = document.paths[path]?.['post']?.security;
      expect(security).toHaveLength(2);
      expect(security).toEqual(expect.arrayContaining([{ writeKeyBasic: [] }, { writeKeyBearer: [] }]));
    }
  });
});
