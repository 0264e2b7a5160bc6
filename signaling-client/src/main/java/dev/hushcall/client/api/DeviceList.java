package dev.hushcall.client.api;

import java.util.List;

record DeviceList(List<DeviceInfo> devices) {
}
