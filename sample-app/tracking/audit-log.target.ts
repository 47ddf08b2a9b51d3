import { Inject, Injectable } from '@nestjs/common';
import { IsDefined, IsString, Matches } from 'class-validator';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DeliveryOutcome, DeliveryRequest, DeliveryTarget, DeliveryTargetHandler } from '../../src';
import type { SampleConfig } from '../config/sample-config';
import { SAMPLE_CONFIG } from '../config/sample-config.token';

/** `DeliveryTargets.AuditLog`: which log file (channel) the messages go to. */
export class AuditLogConfig {
  @IsDefined({ message: 'is required' })
  @IsString({ message: 'must be a string' })
  @Matches(/^[a-z0-9-]{1,50}$/, { message: 'must be 1 to 50 lowercase letters, digits or -' })
  Channel: string;
}

/**
 * A host-defined delivery target: appends each message as a JSON line to
 * `<AUDIT_LOG_DIR>/<Channel>.jsonl`. The library gives it its own queue, retries and Bull Board entry.
 */
@DeliveryTarget('AuditLog')
@Injectable()
export class AuditLogTarget implements DeliveryTargetHandler<AuditLogConfig> {
  readonly configModel = AuditLogConfig;

  constructor(@Inject(SAMPLE_CONFIG) private readonly config: SampleConfig) {}

  async deliver({ message, config, deliveryId }: DeliveryRequest<AuditLogConfig>): Promise<DeliveryOutcome> {
    await mkdir(this.config.auditLogDir, { recursive: true });
    // The delivery ID lets a reader drop the duplicate a retried delivery can leave.
    const line = JSON.stringify({ deliveryId, type: message.Namespace, occurredAt: message.OccurredAt, payload: message.Payload });
    await appendFile(join(this.config.auditLogDir, `${config.Channel}.jsonl`), `${line}\n`);
    return { status: 'delivered' };
  }
}
