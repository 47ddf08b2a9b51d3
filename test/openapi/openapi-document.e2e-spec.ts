import { readFile } from 'node:fs/promises';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createOpenApiDocument, OPENAPI_DOCUMENT_PATH, serializeOpenApiDocument } from '../../scripts/openapi-document';
import { AzureBlobTarget, AzureTableTarget, CosmosDbTarget, EventHubTarget, KafkaTarget } from '../../src';
import { DeliveryTargetRegistry, LIBRARY_TARGET_CONFIG_MODELS, writeOnlyPropertiesOf } from '../../src/delivery-targets';
import { uniqueQueuePrefix, deleteQueueKeys } from '../support/redis';
import { TEST_DATABASES } from '../support/test-databases';
import { startTestHost } from '../support/test-host';

interface Schema {
  properties?: Record<string, { writeOnly?: boolean; allOf?: { $ref: string }[] }>;
}

describe('the OpenAPI document of the admin API', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await createOpenApiDocument();
  });

  const schemaOf = (name: string) => document.components!.schemas![name] as Schema;
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { responses: Record<string, { content?: Record<string, { examples?: object }> }> }>).map(
        ([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation }),
      ),
    );

  it('is the one checked in as docs/openapi.json', async () => {
    const checkedIn = await readFile(OPENAPI_DOCUMENT_PATH, 'utf8');
    const generated = serializeOpenApiDocument(document);
    if (generated !== checkedIn) {
      const generatedLines = generated.split('\n');
      const line = generatedLines.findIndex((text, index) => text !== checkedIn.split('\n')[index]);
      throw new Error(
        `docs/openapi.json is out of date (first difference at line ${line + 1}: ${generatedLines[line]?.trim()}). ` +
          'Run `npm run openapi` and commit the file.',
      );
    }
  });

  it('describes every route of the admin API with its bearer token and its OrderCloud errors, each with an example', () => {
    const routes = operations();
    expect(routes.map(({ route }) => route).sort()).toEqual(
      [
        'GET /integrations/TrackingEvents',
        'POST /integrations/TrackingEvents',
        'GET /integrations/TrackingEvents/{id}',
        'PUT /integrations/TrackingEvents/{id}',
        'PATCH /integrations/TrackingEvents/{id}',
        'DELETE /integrations/TrackingEvents/{id}',
        'GET /integrations/deliveryconfig',
        'POST /integrations/deliveryconfig',
        'GET /integrations/deliveryconfig/{id}',
        'PUT /integrations/deliveryconfig/{id}',
        'PATCH /integrations/deliveryconfig/{id}',
        'DELETE /integrations/deliveryconfig/{id}',
        'GET /integrations/deadletters',
        'POST /integrations/deadletters/replay',
        'GET /integrations/deadletters/{id}',
        'POST /integrations/deadletters/{id}/replay',
        'DELETE /integrations/deadletters/{id}',
        'GET /integrations/deliveryattempts',
        'GET /integrations/deliverycircuits',
        'GET /integrations/deliverystats',
        'DELETE /integrations/deliverycircuits/{deliveryConfigId}/{targetType}',
      ].sort(),
    );
    for (const { route, operation } of routes) {
      const errors = Object.entries(operation.responses).filter(([status]) => status.startsWith('4'));
      expect({ route, security: (operation as { security?: unknown }).security }).toEqual({ route, security: [{ bearer: [] }] });
      expect({ route, statuses: errors.map(([status]) => status) }).toEqual({ route, statuses: expect.arrayContaining(['401', '403']) });
      for (const [status, response] of errors) {
        expect({ route, status, examples: Object.keys(response.content?.['application/json']?.examples ?? {}).length > 0 }).toEqual({
          route,
          status,
          examples: true,
        });
      }
    }
  });

  it('names the ErrorCode values the code answers', () => {
    const codesOf = (route: string, status: string) => {
      const [method, path] = route.split(' ');
      const response = (document.paths[path] as Record<string, { responses: Record<string, { content: Record<string, object> }> }>)[
        method.toLowerCase()
      ].responses[status];
      return Object.keys((response.content['application/json'] as { examples: object }).examples);
    };
    expect(codesOf('POST /integrations/TrackingEvents', '409')).toEqual(['TrackingEvent.CannotCreateMultipleEventsOfSameType', 'IdExists']);
    expect(codesOf('GET /integrations/TrackingEvents/{id}', '404')).toEqual(['NotFound']);
    // Every admin route refuses a URL holding %00 (RequestUrlCheckInterceptor), beside its own 400s.
    expect(codesOf('DELETE /integrations/deliveryconfig/{id}', '400')).toEqual([
      'DeliveryConfig.CannotDeleteConfigInUse',
      'ValidationFailure',
    ]);
    expect(codesOf('GET /integrations/TrackingEvents/{id}', '400')).toEqual(['ValidationFailure']);
    expect(codesOf('GET /integrations/deadletters', '400')).toEqual([
      'List.InvalidPage',
      'List.InvalidPageSize',
      'List.InvalidSearchProperty',
      'List.InvalidSortProperty',
      'List.InvalidProperty',
      'List.InvalidType',
      'ValidationFailure',
    ]);
    expect(codesOf('GET /integrations/deliveryconfig', '403')).toEqual(['Auth.InsufficientRoles', 'Auth.UserNotAuthorizedToAdmin']);
  });

  it('marks every secret of every target of the library writeOnly, and nothing else', () => {
    for (const model of Object.values(LIBRARY_TARGET_CONFIG_MODELS)) {
      const properties = schemaOf(model.name).properties ?? {};
      const writeOnly = Object.keys(properties).filter((name) => properties[name].writeOnly);
      expect({ model: model.name, writeOnly: writeOnly.sort() }).toEqual({
        model: model.name,
        writeOnly: writeOnlyPropertiesOf(model)
          .map(({ name }) => name)
          .sort(),
      });
    }
  });

  it("refers DeliveryTargets' target types to their config models", () => {
    const targets = schemaOf('DeliveryConfig').properties!.DeliveryTargets as Schema;
    expect(Object.fromEntries(Object.entries(targets.properties!).map(([type, schema]) => [type, schema.allOf?.[0].$ref]))).toEqual(
      Object.fromEntries(Object.entries(LIBRARY_TARGET_CONFIG_MODELS).map(([type, model]) => [type, `#/components/schemas/${model.name}`])),
    );
  });
});

describe.each(TEST_DATABASES.slice(0, 1))("the library's targets ($name)", (database) => {
  it('are the ones the document describes, each with the config model its handler validates with', async () => {
    const queuePrefix = uniqueQueuePrefix();
    const instance = await database.create();
    const host = await startTestHost(instance, {
      queuePrefix,
      workers: false,
      targets: [KafkaTarget, EventHubTarget, AzureBlobTarget, AzureTableTarget, CosmosDbTarget],
    });
    try {
      expect(host.app.get(DeliveryTargetRegistry).configModels()).toEqual(LIBRARY_TARGET_CONFIG_MODELS);
    } finally {
      await host.close();
      await instance.drop();
      await deleteQueueKeys(queuePrefix);
    }
  });
});
