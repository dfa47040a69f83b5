package org.editrl.actors.weights;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/** Client side of {@link BearerTokenInterceptor}: adds the token to every call. */
public final class BearerTokenCredentials extends CallCredentials {
  private final String token;

  public BearerTokenCredentials(String token) {
    this.token = token;
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
    Metadata headers = new Metadata();
    headers.put(BearerTokenInterceptor.AUTHORIZATION, BearerTokenInterceptor.BEARER + token);
    applier.apply(headers);
  }
}
