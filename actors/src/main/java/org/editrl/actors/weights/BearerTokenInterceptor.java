package org.editrl.actors.weights;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Rejects every call that does not carry {@code authorization: Bearer <token>} with the
 * learner's token, as UNAUTHENTICATED with a message saying which setting to fix.
 */
public final class BearerTokenInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final String BEARER = "Bearer ";

  private final byte[] expected;

  public BearerTokenInterceptor(String token) {
    if (token.isEmpty()) {
      throw new IllegalArgumentException("bearer token must not be empty");
    }
    this.expected = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String value = headers.get(AUTHORIZATION);
    String problem = null;
    if (value == null) {
      problem = "no bearer token sent";
    } else if (!value.startsWith(BEARER)) {
      problem = "authorization header is not 'Bearer <token>'";
    } else {
      byte[] given = value.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8);
      // Constant-time comparison: the time taken does not reveal how much of the token matched.
      if (!MessageDigest.isEqual(given, expected)) {
        problem = "wrong bearer token";
      }
    }
    if (problem != null) {
      call.close(
          Status.UNAUTHENTICATED.withDescription(
              problem + " for the weight service; set editrl.weights.token (or the"
                  + " EDITRL_WEIGHTS_TOKEN environment variable) to the learner's token"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
