import { Injectable } from '@nestjs/common';
import { DeliveryTarget } from './delivery-target.decorator';
import type { DeliveryTargetHandler } from './delivery-target.interface';
import { declareTargets } from './delivery-target.registry';
import { InvalidDeliveryTargetError } from './invalid-delivery-target.error';

class Config {}

function targetClass(type?: string) {
  @Injectable()
  class Target implements DeliveryTargetHandler<Config> {
    readonly configModel = Config;
    async deliver() {
      return { status: 'delivered' as const };
    }
  }
  if (type !== undefined) DeliveryTarget(type)(Target);
  return Target;
}

describe('declareTargets', () => {
  it('reads the type of each target class', () => {
    const audit = targetClass('AuditLog');
    const crm = targetClass('Crm2');
    expect(declareTargets([audit, crm])).toEqual([
      { type: 'AuditLog', targetClass: audit },
      { type: 'Crm2', targetClass: crm },
    ]);
  });

  it('refuses a class without @DeliveryTarget', () => {
    expect(() => declareTargets([targetClass()])).toThrow(InvalidDeliveryTargetError);
    expect(() => declareTargets([targetClass()])).toThrow(/has no @DeliveryTarget\('Type'\) decorator/);
  });

  it('refuses a malformed type', () => {
    expect(() => declareTargets([targetClass('audit-log')])).toThrow(/declares the type "audit-log"/);
  });

  it('refuses two targets of the same type', () => {
    expect(() => declareTargets([targetClass('Http'), targetClass('Http')])).toThrow(/both declare the type "Http"/);
  });
});
