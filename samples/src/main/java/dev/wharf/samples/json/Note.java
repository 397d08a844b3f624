package dev.wharf.samples.json;

/** The JSON sample's message: {@code {"type": "...", "text": "..."}}. */
public record Note(String type, String text) {}
