package org.knlab.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knlab.errors.CheckpointException;

/**
 * Reads a TensorFlow TensorBundle (the {@code variables/} folder of a SavedModel): the index is a
 * LevelDB table mapping variable names to {@code BundleEntryProto}s, which say where in the data
 * file each tensor's raw little-endian bytes lie. Only float32 and a single data shard are needed.
 */
public final class TensorBundle {

    private static final int DT_FLOAT = 1;

    private TensorBundle() {}

    /** Every float32 variable of the bundle, as views into the memory-mapped data file. */
    public static Map<String, HostTensor> read(Path indexFile, Path dataFile) {
        try {
            ByteBuffer index = map(indexFile);
            ByteBuffer data = map(dataFile);
            Map<String, HostTensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, ByteBuffer> e : LevelDbTable.readAll(index).entrySet()) {
                if (!e.getKey().isEmpty()) { // the empty key holds the bundle header
                    tensors.put(e.getKey(), readEntry(e.getKey(), e.getValue(), data));
                }
            }
            return tensors;
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException("cannot read TensorFlow bundle " + indexFile + ": " + e.getMessage(), e);
        }
    }

    private static HostTensor readEntry(String name, ByteBuffer proto, ByteBuffer data) {
        ProtoReader reader = new ProtoReader(proto);
        int dtype = 0;
        int shard = 0;
        long offset = 0;
        long size = 0;
        List<Long> dims = new ArrayList<>();
        while (reader.hasMore()) {
            int tag = reader.readTag();
            switch (tag >>> 3) {
                case 1 -> dtype = (int) reader.readVarint();
                case 2 -> dims = readShape(reader.readBytes());
                case 3 -> shard = (int) reader.readVarint();
                case 4 -> offset = reader.readVarint();
                case 5 -> size = reader.readVarint();
                default -> reader.skip(tag & 7);
            }
        }
        if (dtype != DT_FLOAT) {
            throw new IllegalStateException(name + " has dtype " + dtype + ", only float32 is supported");
        }
        if (shard != 0) {
            throw new IllegalStateException(name + " lives in shard " + shard + ", only one shard is supported");
        }
        if (offset + size > data.limit()) {
            throw new IllegalStateException(name + " runs past the end of the data file (truncated?)");
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        return new HostTensor(shape, data.slice(Math.toIntExact(offset), Math.toIntExact(size)));
    }

    private static List<Long> readShape(ByteBuffer shapeProto) {
        ProtoReader reader = new ProtoReader(shapeProto);
        List<Long> dims = new ArrayList<>();
        while (reader.hasMore()) {
            int tag = reader.readTag();
            if (tag >>> 3 == 2) {
                ProtoReader dim = new ProtoReader(reader.readBytes());
                while (dim.hasMore()) {
                    int dimTag = dim.readTag();
                    if (dimTag >>> 3 == 1) {
                        dims.add(dim.readVarint());
                    } else {
                        dim.skip(dimTag & 7);
                    }
                }
            } else {
                reader.skip(tag & 7);
            }
        }
        return dims;
    }

    static MappedByteBuffer map(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
    }
}
