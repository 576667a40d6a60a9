package org.knlab.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads every key/value pair of a LevelDB-format table (the format of TensorFlow's
 * {@code variables.index}): footer → index block → data blocks, each block a run of
 * prefix-compressed entries followed by restart offsets.
 */
final class LevelDbTable {

    private static final long MAGIC = 0xdb4775248b80fb57L;
    private static final int FOOTER_LENGTH = 48;
    private static final int BLOCK_TRAILER_LENGTH = 5;

    private LevelDbTable() {}

    /** All entries in key order, keys decoded as UTF-8 and values as raw bytes. */
    static Map<String, ByteBuffer> readAll(ByteBuffer file) {
        ByteBuffer table = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (table.limit() < FOOTER_LENGTH) {
            throw new IllegalStateException("table is shorter than its footer");
        }
        if (table.getLong(table.limit() - 8) != MAGIC) {
            throw new IllegalStateException("bad table magic number");
        }
        ByteBuffer footer = slice(table, table.limit() - FOOTER_LENGTH, FOOTER_LENGTH);
        readHandle(footer); // metaindex block: unused by TensorFlow bundles
        long[] index = readHandle(footer);
        Map<String, ByteBuffer> entries = new LinkedHashMap<>();
        for (ByteBuffer handle : readBlock(table, index).values()) {
            long[] data = readHandle(handle.duplicate());
            entries.putAll(readBlock(table, data));
        }
        return entries;
    }

    private static long[] readHandle(ByteBuffer buf) {
        return new long[] {ProtoReader.readVarint(buf), ProtoReader.readVarint(buf)};
    }

    private static Map<String, ByteBuffer> readBlock(ByteBuffer table, long[] handle) {
        int offset = Math.toIntExact(handle[0]);
        int size = Math.toIntExact(handle[1]);
        if (offset + size + BLOCK_TRAILER_LENGTH > table.limit()) {
            throw new IllegalStateException("block runs past the end of the table");
        }
        byte compression = table.get(offset + size);
        if (compression != 0) {
            throw new IllegalStateException("compressed table blocks are not supported (type " + compression + ")");
        }
        ByteBuffer block = slice(table, offset, size);
        int restarts = block.getInt(size - 4);
        int entriesEnd = size - 4 - 4 * restarts;
        Map<String, ByteBuffer> entries = new LinkedHashMap<>();
        byte[] key = new byte[0];
        block.position(0);
        while (block.position() < entriesEnd) {
            int shared = (int) ProtoReader.readVarint(block);
            int unshared = (int) ProtoReader.readVarint(block);
            int valueLength = (int) ProtoReader.readVarint(block);
            byte[] next = new byte[shared + unshared];
            System.arraycopy(key, 0, next, 0, shared);
            block.get(next, shared, unshared);
            key = next;
            entries.put(new String(key, StandardCharsets.UTF_8), slice(block, block.position(), valueLength));
            block.position(block.position() + valueLength);
        }
        return entries;
    }

    private static ByteBuffer slice(ByteBuffer buf, int offset, int length) {
        return buf.slice(offset, length).order(ByteOrder.LITTLE_ENDIAN);
    }
}
