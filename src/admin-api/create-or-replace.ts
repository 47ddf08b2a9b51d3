import { IdExistsError, ValidationFailureError } from '../common/errors';
import { apiIdProblem } from '../common/validation';

/** What a PUT produced, and whether it created the resource (201) or replaced it (200). */
export interface SavedResource<T> {
  resource: T;
  created: boolean;
}

/**
 * Runs a PUT: checks the path ID, then the create-or-replace attempt. When another PUT creates the
 * same ID between the attempt's read and its insert, the attempt is made once more and replaces it.
 */
export async function createOrReplace<T>(id: string, attempt: () => Promise<SavedResource<T>>): Promise<SavedResource<T>> {
  const idProblem = apiIdProblem(id);
  if (idProblem) throw new ValidationFailureError(idProblem);
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof IdExistsError) return attempt();
    throw error;
  }
}
