package dev.conclab.fetch;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A lean HTTP/1.1 client for plain {@code http} URLs: Netty channels with one codec and one
 * handler each, on the transport's event loop, and a keep-alive pool of idle connections per
 * host. {@link VertxTransport} sends its plain-HTTP/1.1 attempts here rather than through a
 * Vert.x {@code HttpClient}, whose per-connection bookkeeping (connection objects, pool
 * endpoints, an outbound queue, futures and contexts per request) costs more CPU and JIT work
 * than it gives when most connections carry one request (docs/fetch.md). Name resolution uses
 * Vert.x's resolver, as the Vert.x client does.
 *
 * <p>Not thread-safe: every method, and every callback to a {@link Listener}, runs on the one
 * event loop it was created with. Nothing here blocks.
 */
final class NettyHttp1 {
  /** Receives what happens to one request, on the event loop. */
  interface Listener {
    /**
     * More of the body arrived: {@code total} bytes so far.
     *
     * @return {@code false} to stop reading (the listener then cancels the call)
     */
    boolean body(long total);

    /** The exchange ended: a complete response or a failure. Called at most once. */
    void done(Outcome outcome);
  }

  /** One request in progress; {@link #cancel} ends it and closes its connection. */
  interface Call {
    /** Closes the connection unless the response is complete; idempotent. */
    void cancel();
  }

  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final long keepAliveNanos;
  private final Map<String, ArrayDeque<Conn>> idle = new HashMap<>();
  private boolean sweeping;
  private boolean closed;

  NettyHttp1(VertxInternal vertx, EventLoop loop, int connectTimeoutMs, long keepAliveNanos) {
    this.loop = loop;
    this.keepAliveNanos = keepAliveNanos;
    this.bootstrap = new Bootstrap()
        .group(loop)
        .channelFactory(vertx.transport().channelFactory(false))
        .resolver(vertx.nameResolver().nettyAddressResolverGroup())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new HttpClientCodec(4096, 8192, 8192));
          }
        });
  }

  /**
   * Sends one request for {@code uri} (an {@code http} URI with a host) on an idle pooled
   * connection to its host, or on a new one. Must run on the event loop.
   */
  Call send(URI uri, HttpMethod method, Map<String, String> headers, Listener listener) {
    String host = uri.getHost();
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    String key = host + ':' + port;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery();
    DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method,
        query == null ? path : path + '?' + query, Unpooled.EMPTY_BUFFER);
    HttpHeaders h = req.headers();
    h.set(HttpHeaderNames.HOST, uri.getPort() < 0 ? host : key);
    headers.forEach(h::set);
    Conn conn = takeIdle(key);
    if (conn != null) {
      return conn.start(uri, req, listener);
    }
    String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    Pending p = new Pending(key, req, listener, uri);
    if (closed) {
      listener.done(new Outcome.Failure(ErrorKind.IO, "fetcher is closed"));
      return p;
    }
    ChannelFuture f = bootstrap.connect(InetSocketAddress.createUnresolved(name, port));
    p.channel = f.channel();
    f.addListener(p);
    return p;
  }

  private @Nullable Conn takeIdle(String key) {
    ArrayDeque<Conn> q = idle.get(key);
    if (q == null) {
      return null;
    }
    long now = System.nanoTime();
    Conn c;
    while ((c = q.pollLast()) != null) {
      if (c.channel.isActive() && now - c.idleSince < keepAliveNanos) {
        return c;
      }
      c.channel.close();
    }
    return null;
  }

  private void release(Conn c) {
    if (closed || !c.channel.isActive()) {
      c.channel.close();
      return;
    }
    c.idleSince = System.nanoTime();
    idle.computeIfAbsent(c.key, k -> new ArrayDeque<>()).addLast(c);
    if (!sweeping) {
      sweeping = true;
      loop.schedule(this::sweep, 1, TimeUnit.SECONDS);
    }
  }

  /** Closes connections idle for longer than the keep-alive time; runs every second while any are. */
  private void sweep() {
    long now = System.nanoTime();
    for (Iterator<ArrayDeque<Conn>> it = idle.values().iterator(); it.hasNext(); ) {
      ArrayDeque<Conn> q = it.next();
      Conn c;
      while ((c = q.peekFirst()) != null
          && (!c.channel.isActive() || now - c.idleSince >= keepAliveNanos)) {
        q.pollFirst();
        c.channel.close();
      }
      if (q.isEmpty()) {
        it.remove();
      }
    }
    sweeping = !idle.isEmpty() && !closed;
    if (sweeping) {
      loop.schedule(this::sweep, 1, TimeUnit.SECONDS);
    }
  }

  /** Closes every idle connection; later sends fail. Must run on the event loop. */
  void close() {
    closed = true;
    List<Conn> all = new ArrayList<>();
    idle.values().forEach(all::addAll);
    idle.clear();
    for (Conn c : all) {
      c.channel.close();
    }
  }

  /** A request waiting for its new connection. */
  private final class Pending implements Call, io.netty.channel.ChannelFutureListener {
    final String key;
    final DefaultFullHttpRequest req;
    final Listener listener;
    final URI uri;
    @Nullable Channel channel;
    @Nullable Conn conn;
    boolean cancelled;

    Pending(String key, DefaultFullHttpRequest req, Listener listener, URI uri) {
      this.key = key;
      this.req = req;
      this.listener = listener;
      this.uri = uri;
    }

    @Override
    public void operationComplete(ChannelFuture f) {
      if (cancelled) {
        f.channel().close();
        return;
      }
      if (!f.isSuccess()) {
        listener.done(Outcome.of(f.cause(), uri));
        return;
      }
      Conn c = new Conn(f.channel(), key, uri);
      f.channel().pipeline().addLast(c);
      conn = c;
      c.start(uri, req, listener);
    }

    @Override
    public void cancel() {
      cancelled = true;
      Conn c = conn;
      if (c != null) {
        c.cancel();
      } else if (channel != null) {
        channel.close();
      }
    }
  }

  /** One connection: its current request, if any, and the response as it arrives. */
  private final class Conn extends ChannelInboundHandlerAdapter implements Call {
    final Channel channel;
    final String key;
    URI uri;
    @Nullable Listener listener;
    long idleSince;
    int status;
    long bytes;
    @Nullable String location;
    boolean keepAlive;
    /** The current response is a 1xx (e.g. 100 Continue): the final one follows it. */
    boolean informational;

    Conn(Channel channel, String key, URI uri) {
      this.channel = channel;
      this.key = key;
      this.uri = uri;
    }

    Call start(URI target, DefaultFullHttpRequest req, Listener l) {
      uri = target;
      listener = l;
      status = 0;
      bytes = 0;
      location = null;
      channel.writeAndFlush(req, channel.voidPromise());
      return this;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        Listener l = listener;
        if (l == null) {
          channel.close(); // nothing asked for this
          return;
        }
        if (msg instanceof HttpResponse r) {
          if (r.decoderResult().isFailure()) {
            fail(r.decoderResult().cause());
            return;
          }
          status = r.status().code();
          informational = status >= 100 && status < 200 && status != 101;
          location = r.headers().get(HttpHeaderNames.LOCATION);
          keepAlive = HttpUtil.isKeepAlive(r);
        }
        if (informational) {
          return;
        }
        if (msg instanceof HttpContent c) {
          if (c.decoderResult().isFailure()) {
            fail(c.decoderResult().cause());
            return;
          }
          int n = c.content().readableBytes();
          if (n > 0) {
            bytes += n;
            if (!l.body(bytes)) {
              return; // the listener cancels
            }
          }
          if (msg instanceof LastHttpContent && listener == l) {
            listener = null;
            Outcome.Response done = new Outcome.Response(status, bytes, location, "HTTP/1.1");
            if (keepAlive) {
              release(this);
            } else {
              channel.close();
            }
            l.done(done);
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      fail(new IOException("connection closed before the response was complete"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      fail(cause);
      channel.close();
    }

    private void fail(Throwable t) {
      Listener l = listener;
      if (l != null) {
        listener = null;
        channel.close();
        l.done(Outcome.of(t, uri));
      }
    }

    @Override
    public void cancel() {
      if (listener != null) {
        listener = null;
        channel.close();
      }
    }
  }
}
