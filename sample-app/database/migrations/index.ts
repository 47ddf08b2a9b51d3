import { CreateSampleAuthTables1764201700000 } from './1764201700000-create-sample-auth-tables';
import { CreateSampleShopTables1764201800000 } from './1764201800000-create-sample-shop-tables';

export const SAMPLE_MIGRATIONS = [CreateSampleAuthTables1764201700000, CreateSampleShopTables1764201800000];
