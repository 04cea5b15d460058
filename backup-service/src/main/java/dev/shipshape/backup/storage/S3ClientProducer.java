package dev.shipshape.backup.storage;

import dev.shipshape.backup.config.S3Settings;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 client, with the URL-connection HTTP client chosen explicitly (the SDK's Apache clients
 * clash with docker-java's) and path-style access for S3-compatible servers.
 */
public class S3ClientProducer {
  static {
    // The JDK's URL connection reuses kept-alive sockets that the server may have closed while
    // idle;
    // an upload written into such a socket fails ("Error writing request body to server") and is
    // never retried by the JDK. A fresh connection per request costs little next to a backup.
    System.setProperty("http.keepAlive", "false");
  }

  @Produces
  @Singleton
  S3Client s3(S3Settings settings) {
    return S3Client.builder()
        .endpointOverride(URI.create(settings.endpoint()))
        .region(Region.of(settings.region()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
        .forcePathStyle(true)
        // Retries are ours (ObjectStore), bounded and reported; the SDK's would multiply them.
        .overrideConfiguration(
            c ->
                c.retryStrategy(AwsRetryStrategy.doNotRetry())
                    .addExecutionInterceptor(new NoExpectContinue()))
        .httpClient(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(settings.connectTimeout())
                .socketTimeout(settings.readTimeout())
                .build())
        .build();
  }

  /**
   * Drops {@code Expect: 100-continue} from uploads: the JDK's URL connection handles it badly when
   * the server is slow to answer (intermittent "Error writing request body to server").
   */
  static final class NoExpectContinue implements ExecutionInterceptor {
    @Override
    public SdkHttpRequest modifyHttpRequest(
        Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
      return context.httpRequest().toBuilder().removeHeader("Expect").build();
    }
  }

  void close(@Disposes S3Client s3) {
    s3.close();
  }
}
