import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Loading } from './components/States.js';
import { useApi, useApiEvents, useRoute, useTheme, type Route } from './hooks.js';
import { EstatePage } from './pages/Estate.js';

// Charts, the graph and the schema validator are most of the bundle: each page loads what it needs when it opens,
// so the first page paints sooner.
const AuditPage = lazy(() => import('./pages/Audit.js').then((module) => ({ default: module.AuditPage })));
const MonitoringPage = lazy(() =>
  import('./pages/Monitoring.js').then((module) => ({ default: module.MonitoringPage })),
);
const FlowsPage = lazy(() => import('./pages/Flows.js').then((module) => ({ default: module.FlowsPage })));
const ReportPage = lazy(() => import('./pages/Report.js').then((module) => ({ default: module.ReportPage })));

const LABELS: Record<Route, string> = {
  estate: 'Estate',
  audit: 'Audit',
  monitoring: 'Monitoring',
  flows: 'Flows',
  report: 'Report',
};
const ICONS: Record<Route, string> = {
  estate: 'M3 4h14v4H3zM3 10h14v6H3z',
  audit: 'M4 10l4 4 8-9',
  monitoring: 'M2 14l4-5 4 3 4-7 4 5',
  flows: 'M5 5a2 2 0 1 0 .01 0M15 5a2 2 0 1 0 .01 0M10 15a2 2 0 1 0 .01 0M6.5 6.5L9 13M13.5 6.5L11 13M7 5h6',
  report: 'M5 2h7l4 4v12H5zM8 9h6M8 12h6M8 15h4',
};

function Logo() {
  return (
    <svg width="26" height="26" viewBox="0 0 26 26" aria-hidden="true">
      <rect width="26" height="26" rx="7" fill="var(--accent)" />
      <path
        d="M7 9h12M13 9v10M7 19h6"
        stroke="var(--accent-text)"
        strokeWidth="2.4"
        strokeLinecap="round"
        fill="none"
      />
    </svg>
  );
}

export function App() {
  const route = useRoute();
  const [theme, setTheme] = useTheme();
  const client = useQueryClient();
  const estate = useApi('getEstate', {});
  useApiEvents((event) => {
    if (event.type === 'estate-changed') void client.invalidateQueries();
    if (event.type === 'audit' && event.event.type === 'run-finished') {
      for (const name of ['getEstate', 'listRuns', 'getRun', 'getReport'])
        void client.invalidateQueries({ queryKey: [name] });
    }
  });
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <Logo />
          Junction
        </div>
        {(Object.keys(LABELS) as Route[]).map((name) => (
          <a key={name} className="nav-link" href={`#/${name}`} aria-current={route === name ? 'page' : undefined}>
            <svg
              width="18"
              height="18"
              viewBox="0 0 20 20"
              aria-hidden="true"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.7"
              strokeLinecap="round"
              strokeLinejoin="round"
            >
              <path d={ICONS[name]} />
            </svg>
            {LABELS[name]}
          </a>
        ))}
        <div className="sidebar-foot">
          {estate.data && (
            <div className="estate-name" title={estate.data.dir}>
              {estate.data.name}
            </div>
          )}
          <button
            type="button"
            onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
            aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
          >
            {theme === 'dark' ? '☀ Light theme' : '☾ Dark theme'}
          </button>
        </div>
      </nav>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what="the page" />}>
          {route === 'estate' && <EstatePage />}
          {route === 'audit' && <AuditPage />}
          {route === 'monitoring' && <MonitoringPage />}
          {route === 'flows' && <FlowsPage />}
          {route === 'report' && <ReportPage />}
        </Suspense>
      </main>
    </div>
  );
}
