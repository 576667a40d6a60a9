package org.knlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;
import org.knlab.errors.InvalidParameterException;

/** Device names: what each means with and without GPUs, and a clear error instead of a silent CPU run. */
class DeviceChoiceTest {

    @Test
    void namesResolveToTheDeviceTheyMean() {
        assertEquals(Device.cpu(), DeviceChoice.parse("auto", 0));
        assertEquals(Device.gpu(0), DeviceChoice.parse("auto", 2));
        assertEquals(Device.cpu(), DeviceChoice.parse("cpu", 2));
        assertEquals(Device.gpu(0), DeviceChoice.parse("gpu", 1));
        assertEquals(Device.gpu(1), DeviceChoice.parse("gpu:1", 2));
        assertEquals(Device.cpu(), DeviceChoice.parse(null, 0), "absent = auto");
    }

    @Test
    void aMissingGpuOrAnUnknownNameIsAnErrorNamingDevice() {
        InvalidParameterException noGpu =
                assertThrows(InvalidParameterException.class, () -> DeviceChoice.parse("gpu", 0));
        assertEquals("device", noGpu.field());
        assertTrue(noGpu.getMessage().contains("0 GPU"), noGpu.getMessage());
        assertEquals(
                "device",
                assertThrows(InvalidParameterException.class, () -> DeviceChoice.parse("gpu:2", 2))
                        .field());
        for (String bad : new String[] {"tpu", "gpu:", "gpu:-1", "GPU", "gpu:99999", "cpu;rm -rf /"}) {
            assertEquals(
                    "device",
                    assertThrows(InvalidParameterException.class, () -> DeviceChoice.parse(bad, 1))
                            .field(),
                    bad);
        }
    }
}
