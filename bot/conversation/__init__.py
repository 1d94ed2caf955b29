"""What a conversation needs besides the dialogue engine: the index in use (``library``), chat state shared by
replicas (``state``), small talk (``smalltalk``) and machine translations of answers (``translate``)."""
