import check from '../../src/checks/wireguard-peers-missing.js';
import { checkTester } from './tester.js';

checkTester(check, {
  valid: [{ name: 'TODO: a healthy bundle', files: {} }],
  invalid: [{ name: 'TODO: the fault', files: {}, findings: [] }],
});
