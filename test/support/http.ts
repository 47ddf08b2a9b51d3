/** The JSON body of a response, typed loosely: tests assert its shape. */
export function bodyOf(response: Response): Promise<any> {
  return response.json();
}
