/** What reports and SARIF logs name as their producer. */
export const GENERATOR = 'Junction 0.1.0';
