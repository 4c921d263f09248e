/**
 * Why an outbound request did not get an answer. Every way of failing to connect (refused, timed out, no such host,
 * TLS, a port that speaks something else) is one reason, so that the answer says nothing about the network behind it.
 */
export type OutboundFailure = 'address_not_allowed' | 'unreachable';

export class OutboundError extends Error {
  constructor(readonly failure: OutboundFailure) {
    super(failure === 'address_not_allowed' ? 'the address is not public and not allowed by OUTBOUND_ALLOW' : 'the receiver could not be reached');
    this.name = 'OutboundError';
  }
}

export const toOutboundError = (err: unknown) => (err instanceof OutboundError ? err : new OutboundError('unreachable'));
