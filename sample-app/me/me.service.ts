import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { InvalidTokenError } from '../../src';
import type { Shopper } from '../auth/shopper';
import { UserEntity } from '../auth/user.entity';
import { anonymousMeUser, MeUser, toMeUser } from './me-user.model';

@Injectable()
export class MeService {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  async meUserOf(shopper: Shopper): Promise<MeUser> {
    if (shopper.kind === 'anonymous') return anonymousMeUser(shopper.roles);
    const user = await this.users.findOneBy({ id: shopper.userId, active: true });
    // The token outlived its user (deleted or deactivated since): it no longer stands for anyone.
    if (!user) throw new InvalidTokenError();
    return toMeUser(user, shopper.roles);
  }
}
