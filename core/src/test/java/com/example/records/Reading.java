package com.example.records;

import java.io.Serializable;

/** A record outside conclab's packages, which a pool's filter allows only by pattern or code source. */
public record Reading(String sensor, double value) implements Serializable {}
