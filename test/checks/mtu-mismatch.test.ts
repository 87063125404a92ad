import check from '../../src/checks/mtu-mismatch.js';
import { checkTester } from './tester.js';

checkTester(check, {
  valid: [{ name: 'TODO: a healthy bundle', files: {} }],
  invalid: [{ name: 'TODO: the fault', files: {}, findings: [] }],
});
