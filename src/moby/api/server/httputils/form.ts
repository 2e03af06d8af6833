import type { Request } from '../../../../go/net/http/request.ts';
import { formValue } from './httputils.ts';

/**
 * Reads a form value as a boolean: '', '0', 'no', 'false' and 'none' (any
 * case, spaces trimmed) are false, anything else is true.
 *
 * @go api/server/httputils/form.go:12-15
 */
export function boolValue(r: Request, k: string): boolean {
  const s = formValue(r, k).trim().toLowerCase();
  return !(s === '' || s === '0' || s === 'no' || s === 'false' || s === 'none');
}
