import { shopperJourneys } from '../support/shopper-journeys';
import { TEST_DATABASES } from '../support/test-databases';

describe.each(TEST_DATABASES)('Tracking shopper journeys ($name)', (database) => shopperJourneys(database));
