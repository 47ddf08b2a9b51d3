import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApiClientEntity } from './api-client.entity';

@Injectable()
export class ApiClientsService {
  constructor(@InjectRepository(ApiClientEntity) private readonly clients: Repository<ApiClientEntity>) {}

  find(id: string): Promise<ApiClientEntity | null> {
    return this.clients.findOneBy({ id });
  }

  exists(id: string): Promise<boolean> {
    return this.clients.existsBy({ id });
  }
}
