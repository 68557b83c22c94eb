package dev.conclab.pool.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The worker link's framing: every frame is {@code int length, byte type, payload} where length
 * counts the type byte and the payload. Frames are written whole by one writer at a time. The
 * payload of each type is encoded and decoded in one place: {@link Frames}, {@link ResultFrame}.
 */
final class Wire {
  static final byte HELLO = 1; // worker -> parent: token, pid
  static final byte INIT = 2; // parent -> worker: config, initializer
  static final byte READY = 3; // worker -> parent
  static final byte INIT_FAILED = 4; // worker -> parent: error
  static final byte FN = 5; // parent -> worker: fnId, allowed locations, serialized function
  static final byte TASK = 6; // parent -> worker: chunkId, fnId, count, values
  static final byte RESULT = 7; // worker -> parent: chunkId, count, (status, value|error)*
  static final byte FORGET = 8; // parent -> worker: fnId
  static final byte SHUTDOWN = 9; // parent -> worker: finish queued frames, then exit
  static final byte RUN = 10; // parent -> worker (one-shot mode): allowed locations, runnable

  static final int TOKEN_BYTES = 32;

  /** The length and the type before each frame's payload. */
  static final int HEADER_BYTES = 5;

  /** Frames up to this size are read into one array allocated up front. */
  private static final int DIRECT_READ_BYTES = 1 << 20;

  private Wire() {}

  /** A received frame. */
  record Frame(byte type, byte[] payload) {
    DataInputStream data() {
      return new DataInputStream(new java.io.ByteArrayInputStream(payload));
    }
  }

  static Frame read(DataInputStream in, long maxBytes) throws IOException {
    int len = in.readInt();
    if (len < 1 || len > maxBytes) {
      throw new IOException("bad frame length " + len + " (limit " + maxBytes + ")");
    }
    byte type = in.readByte();
    byte[] payload;
    if (len - 1 <= DIRECT_READ_BYTES) {
      payload = new byte[len - 1];
      in.readFully(payload);
    } else {
      // a large frame grows with the bytes that actually arrive, so a header alone cannot make
      // this end allocate up to the limit (an OutOfMemoryError would kill the reader)
      payload = in.readNBytes(len - 1);
      if (payload.length != len - 1) {
        throw eof();
      }
    }
    return new Frame(type, payload);
  }

  static void write(DataOutputStream out, byte type, byte[] payload, int off, int len)
      throws IOException {
    out.writeInt(len + 1);
    out.writeByte(type);
    out.write(payload, off, len);
  }

  /** Encodes one frame (header included) into a byte array. */
  static byte[] frame(byte type, Buf payload) {
    byte[] f = new byte[payload.size() + HEADER_BYTES];
    int len = payload.size() + 1;
    f[0] = (byte) (len >>> 24);
    f[1] = (byte) (len >>> 16);
    f[2] = (byte) (len >>> 8);
    f[3] = (byte) len;
    f[4] = type;
    System.arraycopy(payload.array(), 0, f, HEADER_BYTES, payload.size());
    return f;
  }

  static byte[] frame(byte type, byte[] payload) {
    Buf b = new Buf(payload.length);
    b.write(payload, 0, payload.length);
    return frame(type, b);
  }

  /** A growable byte buffer that can be truncated (to undo a partly written value). */
  static final class Buf extends ByteArrayOutputStream {
    final DataOutputStream data = new DataOutputStream(this);

    Buf(int size) {
      super(size);
    }

    byte[] array() {
      return buf;
    }

    void truncate(int size) {
      count = size;
    }
  }

  /** An input stream reading a blocking channel without taking its blocking lock. */
  static final class ChannelIn extends InputStream {
    private final SocketChannel ch;

    ChannelIn(SocketChannel ch) {
      this.ch = ch;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n = ch.read(ByteBuffer.wrap(b, off, len));
      return n;
    }
  }

  /** An output stream writing a blocking channel without taking its blocking lock. */
  static final class ChannelOut extends OutputStream {
    private final SocketChannel ch;

    ChannelOut(SocketChannel ch) {
      this.ch = ch;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer bb = ByteBuffer.wrap(b, off, len);
      while (bb.hasRemaining()) {
        ch.write(bb);
      }
    }
  }

  static boolean sameToken(byte[] a, byte[] b) {
    return java.security.MessageDigest.isEqual(a, b);
  }

  static byte[] readToken(DataInputStream in) throws IOException {
    byte[] t = new byte[TOKEN_BYTES];
    in.readFully(t);
    return t;
  }

  static EOFException eof() {
    return new EOFException("channel closed");
  }

  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length * 2);
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return sb.toString();
  }

  static byte[] unhex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  static byte[] copy(byte[] b) {
    return Arrays.copyOf(b, b.length);
  }
}
