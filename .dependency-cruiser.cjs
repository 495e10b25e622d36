// The layer rules of docs/ARCHITECTURE.md as code; `npm test` runs them (npm run lint:deps).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle makes two modules one: neither can be understood, tested or moved alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'model-is-a-leaf',
      comment: 'src/model holds the shapes every layer shares; it imports nothing of ours, so anything may import it.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^(src|checks|renderer|electron|assets|bin|scripts)/', pathNot: '^src/model/' },
    },
    {
      name: 'checks-are-pure',
      comment: 'A check judges artifacts: it may use the model and its own pure helpers, never I/O layers.',
      severity: 'error',
      from: { path: '^checks/' },
      to: { path: '^(src|renderer|electron|assets|bin|scripts)/', pathNot: '^src/model/' },
    },
    {
      name: 'checks-do-not-import-checks',
      comment: 'One check never depends on another: shared judgement goes to checks/lib.',
      severity: 'error',
      from: { path: '^checks/[^/]+\\.ts$', pathNot: '^checks/index\\.ts$' },
      to: { path: '^checks/[^/]+\\.ts$', pathNot: '^checks/(contract)\\.ts$' },
    },
    {
      name: 'core-has-no-ui',
      comment: 'Everything in src/ runs under plain Node: no Electron, no React, no renderer code.',
      severity: 'error',
      from: { path: '^(src|checks)/' },
      to: { path: '(^renderer/|^electron/|node_modules/(electron|react|react-dom)/)' },
    },
    {
      name: 'hosts-are-leaves',
      comment: 'cli, server and desktop are the hosts: they use the core, and nothing in the core uses them.',
      severity: 'error',
      from: { path: '^(src|checks)/', pathNot: '^src/(cli|server|desktop)/' },
      to: { path: '^src/(cli|server|desktop)/' },
    },
    {
      name: 'hosts-do-not-import-each-other',
      comment: 'The desktop shell and the headless server share the api, not each other.',
      severity: 'error',
      from: { path: '^src/(server|desktop)/' },
      to: { path: '^src/(cli|server|desktop)/', pathNot: '^src/$1/' },
    },
    {
      name: 'cli-definitions-load-nothing',
      comment:
        'src/cli/main.ts and commands/* only define commands (--help must stay instant): what a command runs is ' +
        'imported with import() in its action, when it runs. Type-only imports cost nothing.',
      severity: 'error',
      from: { path: '^src/cli/(main\\.ts|commands/)' },
      to: {
        dynamic: false,
        dependencyTypesNot: ['type-only', 'core'],
        pathNot: [
          '^src/cli/(commands/|errors\\.ts|outside-files\\.ts)',
          '^src/estate/errors\\.ts',
          '^src/util/usage-error\\.ts',
          '^src/model/(credential-types\\.ts|artifacts/flows\\.ts)',
          '^node_modules/commander/',
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)generated/|^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
