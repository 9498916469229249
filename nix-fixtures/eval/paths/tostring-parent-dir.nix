toString ../.
