import { ValidateBy, type ValidationArguments } from 'class-validator';
import { ApiProperty } from '../../common/openapi';
import { RequiredString } from '../../common/validation';
import { AzureConnectionString, parseAzureConnectionString } from '../azure-connection-string';

/** `DeliveryTargets.EventHub`: one event per message, published to an Azure Event Hub. */
export class EventHubConfig {
  /** Azure's rule for event hub names. */
  @ApiProperty({ maxLength: 256, example: 'tracking-events' })
  @RequiredString({
    maxLength: 256,
    pattern: {
      regex: /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/,
      message: 'can only contain letters, digits, periods, hyphens and underscores, and must start and end with a letter or digit',
    },
  })
  EventHubName: string;

  /**
   * `Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=<name>;SharedAccessKey=<key>`,
   * or `SharedAccessSignature=SharedAccessSignature sr=...` instead of the key; `UseDevelopmentEmulator=true`
   * for a local emulator.
   */
  @AzureConnectionString([
    ['Endpoint', 'SharedAccessKeyName', 'SharedAccessKey'],
    ['Endpoint', 'SharedAccessSignature'],
  ])
  @FitsEventHubClient()
  ConnectionString: string;
}

/**
 * What the Event Hubs client needs beyond the keys (it would fail every delivery, and name the whole
 * connection string in its error): an `sb://` endpoint, a signature in the form the client
 * recognises, and no EntityPath naming another hub than EventHubName. A string without the keys is
 * left to `@AzureConnectionString`, so that it gets one message only.
 */
function FitsEventHubClient(): PropertyDecorator {
  return ValidateBy({
    name: 'eventHubConnectionString',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => eventHubConnectionStringProblem(value, args?.object) === undefined,
      // Never the value: the connection string holds the key.
      defaultMessage: (args?: ValidationArguments) => eventHubConnectionStringProblem(args?.value, args?.object) ?? '',
    },
  });
}

function eventHubConnectionStringProblem(value: unknown, config: object | undefined): string | undefined {
  let settings: Map<string, string>;
  try {
    settings = parseAzureConnectionString(typeof value === 'string' ? value : '');
  } catch {
    return undefined;
  }
  const endpoint = settings.get('endpoint');
  if (endpoint && !/^sb:\/\/[^/:;]+(:\d+)?\/?$/.test(endpoint)) {
    return 'must have an Endpoint of the form sb://<namespace>.servicebus.windows.net/';
  }
  const signature = settings.get('sharedaccesssignature');
  if (signature && !settings.get('sharedaccesskey') && !signature.startsWith('SharedAccessSignature sr=')) {
    return 'must have a SharedAccessSignature that starts with "SharedAccessSignature sr="';
  }
  const entityPath = settings.get('entitypath');
  const eventHubName = (config as Partial<EventHubConfig> | undefined)?.EventHubName;
  if (entityPath && typeof eventHubName === 'string' && entityPath !== eventHubName) {
    return 'has an EntityPath that names another event hub than EventHubName: remove EntityPath, or make the two the same';
  }
  return undefined;
}
