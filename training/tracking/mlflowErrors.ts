/** What can go wrong talking to MLflow: an API error, bad credentials, or a server that cannot be reached. */

export class MlflowApiError extends Error {
  override readonly name: string = 'MlflowApiError';
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly endpoint: string,
  ) {
    super(`MLflow ${endpoint} answered ${status} ${errorCode}: ${message}`);
  }
}

/**
 * A condition the client detects itself, not an answer of the server: an experiment that is
 * deleted, artifacts the server does not proxy, a version that failed or timed out registering.
 */
export class MlflowClientError extends Error {
  override readonly name = 'MlflowClientError';
  constructor(
    readonly code:
      | 'experiment-deleted'
      | 'artifacts-not-proxied'
      | 'registration-failed'
      | 'registration-timeout',
    message: string,
  ) {
    super(message);
  }
}

/** 401 or 403: the credentials are missing or wrong. */
export class MlflowAuthError extends MlflowApiError {
  override readonly name = 'MlflowAuthError';
}

/** The server could not be reached, or kept failing, after every retry. */
export class MlflowUnavailableError extends Error {
  override readonly name = 'MlflowUnavailableError';
  constructor(
    readonly trackingUri: string,
    readonly lastFailure: unknown,
  ) {
    super(`MLflow at ${trackingUri} is unreachable: ${describeCause(lastFailure)}`);
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof MlflowApiError) return cause.message;
  if (cause instanceof Error) {
    const inner = (cause as Error & { cause?: unknown }).cause;
    return inner instanceof Error ? `${cause.message} (${inner.message})` : cause.message;
  }
  return String(cause);
}
