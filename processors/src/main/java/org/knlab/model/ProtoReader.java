package org.knlab.model;

import java.nio.ByteBuffer;

/**
 * Just enough of the protobuf wire format to read TensorFlow's {@code BundleEntryProto}: varints,
 * length-delimited fields and skipping of the rest. A protobuf dependency would be heavier than this.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer buf;

    ProtoReader(ByteBuffer buf) {
        this.buf = buf;
    }

    boolean hasMore() {
        return buf.hasRemaining();
    }

    /** Reads a field tag; returns {@code fieldNumber << 3 | wireType}. */
    int readTag() {
        return (int) readVarint();
    }

    long readVarint() {
        return readVarint(buf);
    }

    static long readVarint(ByteBuffer buf) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buf.get();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalStateException("malformed varint");
    }

    /** A view of the next length-delimited field's bytes; the reader moves past them. */
    ByteBuffer readBytes() {
        int length = (int) readVarint();
        ByteBuffer slice = buf.slice();
        slice.limit(length);
        buf.position(buf.position() + length);
        return slice;
    }

    void skip(int wireType) {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> buf.position(buf.position() + 8);
            case LENGTH_DELIMITED -> readBytes();
            case FIXED32 -> buf.position(buf.position() + 4);
            default -> throw new IllegalStateException("unsupported wire type " + wireType);
        }
    }
}
