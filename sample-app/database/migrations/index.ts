import { CreateSampleAuthTables1764201700000 } from './1764201700000-create-sample-auth-tables';

export const SAMPLE_MIGRATIONS = [CreateSampleAuthTables1764201700000];
