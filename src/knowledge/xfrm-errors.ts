// What each XFRM error counter of /proc/net/xfrm_stat means for Cilium's IPsec, and what to change. Data with its
// source (house style 24): the troubleshooting section of Cilium's IPsec page,
// `Documentation/security/network/encryption-ipsec.rst` at b095517e62 (the mirror's HEAD, 1.17.0-dev).

const SRC = 'cilium/cilium Documentation/security/network/encryption-ipsec.rst@b095517e62 §Troubleshooting';

export interface XfrmErrorInfo {
  counter: string;
  /** What it means, for the finding: "no XFRM state matches the packet's SPI". */
  meaning: string;
  fix: string;
  /** Counters that also occur under normal operation (deleted pods, key changes): reported only while they grow. */
  benign?: boolean;
  sources: readonly string[];
}

export const XFRM_ERRORS: readonly XfrmErrorInfo[] = [
  { counter: 'XfrmInNoStates', meaning: 'received ESP packets match no decryption state (a key the sender still uses is gone here, or the XFRM configuration is wrong)', fix: 'check that every node runs the same key (cilium-ipsec-keys Secret) and that a key rotation is not half done; raise ipsec-key-rotation-duration when rotations take long', sources: [SRC] },
  { counter: 'XfrmInStateProtoError', meaning: 'key or anti-replay sequence mismatch between nodes', fix: 'rotate the key again, properly: increment the SPI (KEYID) with the new key', sources: [SRC] },
  { counter: 'XfrmInTmplMismatch', meaning: 'the decryption configuration does not match (a Cilium bug or a hand-made XFRM policy)', fix: 'compare `ip -s xfrm policy` with another node and restart the agent', sources: [SRC] },
  { counter: 'XfrmInNoPols', meaning: 'decrypted packets match no XFRM policy (a bug in the decryption configuration)', fix: 'compare `ip -s xfrm policy` with another node and restart the agent', sources: [SRC] },
  { counter: 'XfrmOutNoStates', meaning: 'packets to encrypt match a policy with no encryption state (the peer\'s key is not installed here)', fix: 'check the node\'s XFRM states (`ip -s xfrm state`) and restart the agent', sources: [SRC] },
  { counter: 'XfrmOutStateSeqError', meaning: 'an encryption state reached its maximum sequence number', fix: 'rotate the IPsec key (a rotation resets every sequence number), and rotate regularly', sources: [SRC] },
  { counter: 'XfrmOutPolBlock', meaning: 'Cilium dropped packets that would otherwise have left the node unencrypted', fix: 'find why the encryption state is missing for those destinations (usually a node whose key is not installed yet)', sources: [SRC] },
  { counter: 'XfrmInStateInvalid', meaning: 'received packets matched a state that was being deleted (node scale-down, upgrade)', fix: 'nothing while it stays rare; look at recent node removals', benign: true, sources: [SRC] },
  { counter: 'XfrmFwdHdrError', meaning: 'the kernel decrypted a packet it could not route (a deleted pod) or ran out of memory', fix: 'nothing while it stays small; check node memory when it grows', benign: true, sources: [SRC] },
  { counter: 'XfrmInError', meaning: 'the kernel decrypted a packet it could not route (a deleted pod) or ran out of memory', fix: 'nothing while it stays small; check node memory when it grows', benign: true, sources: [SRC] },
];

export function xfrmErrorInfo(counter: string): XfrmErrorInfo | null {
  return XFRM_ERRORS.find((e) => e.counter === counter) ?? null;
}
