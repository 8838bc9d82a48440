/**
 * What security adds to every Configurator, as Pyramid's setup does: the `secured_view` and
 * `csrf_view` view derivers (declaring the `permission` and `requireCsrf` view options), just
 * under INGRESS with the permission check first. The request API (`request.identity`,
 * `authenticatedUserid`, `isAuthenticated`, `hasPermission`) is on Request itself, as Pyramid's
 * SecurityAPIMixin is on its Request.
 */
import { INGRESS, type ViewDeriver } from '../derivers';
import { csrfView, securedView } from './derivers';

/** The directive this needs (a Configurator). */
export interface SecurityConfigurator {
  addViewDeriver(deriver: ViewDeriver, options: { name?: string; under?: string | string[]; over?: string | string[] }): void;
}

export function includeme(config: SecurityConfigurator): void {
  config.addViewDeriver(securedView as ViewDeriver, { name: 'secured_view', under: INGRESS, over: 'owrapped_view' });
  config.addViewDeriver(csrfView as ViewDeriver, { name: 'csrf_view', under: 'secured_view', over: 'owrapped_view' });
}
