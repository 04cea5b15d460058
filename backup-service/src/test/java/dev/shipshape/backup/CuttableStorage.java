package dev.shipshape.backup;

import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.TcpProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

/**
 * The real infrastructure, with the service's S3 endpoint behind a {@link TcpProxy} the test can
 * cut; reads time out after 2 s so that a stuck server fails a test in seconds, not minutes.
 */
public class CuttableStorage extends LocalInfrastructure {
  private TcpProxy proxy;

  @Override
  public Map<String, String> start() {
    Map<String, String> config = super.start();
    URI s3 = URI.create(config.get("shipshape.s3.endpoint"));
    try {
      proxy = new TcpProxy(s3.getHost(), s3.getPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    config.put("shipshape.s3.endpoint", "http://127.0.0.1:" + proxy.port());
    config.put("shipshape.s3.read-timeout", "2s");
    config.put("shipshape.s3.connect-timeout", "2s");
    return config;
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(proxy, new TestInjector.MatchesType(TcpProxy.class));
  }

  @Override
  public void stop() {
    try {
      if (proxy != null) {
        proxy.close();
      }
    } catch (IOException e) {
      // the JVM ends anyway
    }
  }
}
