// Builds the OpenAPI document of the library's admin API, as a host's SwaggerModule would, and writes it
// to docs/openapi.json (`npm run openapi`). test/openapi/openapi-document.e2e-spec.ts fails when the file drifts.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AzureBlobTarget, AzureTableTarget, CosmosDbTarget, EventHubTarget, KafkaTarget, TrackingEventsModule } from '../src';

export const OPENAPI_DOCUMENT_PATH = join(__dirname, '..', 'docs', 'openapi.json');

/**
 * A host with every target of the library enabled. `preview` builds the module graph without creating
 * any provider: nothing connects to Redis or a database.
 */
@Module({
  imports: [
    TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:' }),
    TrackingEventsModule.forRoot({
      resolveCaller: () => null,
      apiClientExists: () => false,
      resolveContext: () => null,
      commerceData: { getOrder: async () => null, listLineItems: async () => [], getUser: async () => null },
      redis: 'redis://127.0.0.1:6379',
      targets: [KafkaTarget, EventHubTarget, AzureBlobTarget, AzureTableTarget, CosmosDbTarget],
    }),
  ],
})
class DocumentedHostModule {}

/** The admin API's OpenAPI document. */
export async function createOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(DocumentedHostModule, { preview: true, logger: false });
  try {
    const config = new DocumentBuilder()
      .setTitle('nestjs-tracking-events admin API')
      .setDescription(
        "OrderCloud's Tracking Events and Delivery Configurations endpoints, and the operations endpoints for dead letters, " +
          'delivery attempts and paused targets. Errors answer `{ "Errors": [{ "ErrorCode", "Message", "Data" }] }`.',
      )
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An OrderCloud access token (resolved by the host).' })
      .build();
    return SwaggerModule.createDocument(app, config);
  } finally {
    await app.close();
  }
}

/** The document as the file holds it: keys sorted at every level, 2-space indented, with a final newline. */
export function serializeOpenApiDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

if (require.main === module) {
  createOpenApiDocument()
    .then((document) => {
      writeFileSync(OPENAPI_DOCUMENT_PATH, serializeOpenApiDocument(document));
      console.log(`Wrote ${OPENAPI_DOCUMENT_PATH}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
