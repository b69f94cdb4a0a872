// Trainer mode (issue 7): methods that work on a separate training database. Filled in by the trainer module.
export const trainerMethods = {};
