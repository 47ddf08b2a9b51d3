import { ApiClientEntity } from '../auth/api-client.entity';
import { UserEntity } from '../auth/user.entity';

export const SAMPLE_ENTITIES = [ApiClientEntity, UserEntity];
