/** The dashboard is turned on, but the package holds no built page (a checkout that was not built). */
export class DashboardNotBuiltError extends Error {
  constructor(searched: string[]) {
    super(
      `TrackingEventsModule setting "dashboard" needs the built page, found in none of: ${searched.join(', ')}. ` +
        'Fix: run `npm run build` in the package (it bundles the page), or turn the dashboard off.',
    );
    this.name = 'DashboardNotBuiltError';
  }
}
