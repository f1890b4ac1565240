// The benchmark floor: a content script at document_start in every frame (isolated world and main world) that does nothing.
